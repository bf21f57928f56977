package paxoschat.layout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout the README's architecture map describes, kept by a test rather than by
 * review: packages without cycles, a protocol core with no threads, locks, I/O or Spring,
 * a package-info for every package, and no source file in src/main too long to read.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/paxoschat");
    private static final int MAX_LINES = 450;
    private static JavaClasses production;

    @BeforeAll
    static void importProduction() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ArchitectureTest::notGeneratedBySpringAot)
                .importPackages("paxoschat");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("paxoschat.(*)..").should().beFreeOfCycles().check(production);
    }

    @Test
    void theCoreIsPureJava() {
        noClasses().that().resideInAPackage("paxoschat.paxos")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "java.util.concurrent..", "java.io..", "java.nio..", "java.net..",
                        "org.springframework..", "jakarta..", "okhttp3..", "com.fasterxml..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.System")
                .because("the core takes a message or a tick and returns messages; adapters bring time, threads and I/O")
                .check(production);
    }

    @Test
    void everyPackageSaysItsJob() throws IOException {
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            List<Path> packages = dirs.filter(Files::isDirectory).filter(ArchitectureTest::holdsJava).toList();
            assertThat(packages).isNotEmpty();
            assertThat(packages).allSatisfy(dir ->
                    assertThat(dir.resolve("package-info.java")).as("package-info of " + dir).exists());
        }
    }

    @Test
    void noSourceFileIsTooLongToRead() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<Path> java = files.filter(f -> f.toString().endsWith(".java")).toList();
            assertThat(java).isNotEmpty();
            assertThat(java).allSatisfy(f ->
                    assertThat(Files.readAllLines(f)).as(f.toString()).hasSizeLessThanOrEqualTo(MAX_LINES));
        }
    }

    /**
     * Spring AOT writes bean registrations into target/classes at package time; they wire
     * every package to every other by design, and are not code anyone reads.
     */
    private static boolean notGeneratedBySpringAot(com.tngtech.archunit.core.importer.Location location) {
        return !location.contains("__");
    }

    private static boolean holdsJava(Path dir) {
        if (dir.equals(MAIN)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
