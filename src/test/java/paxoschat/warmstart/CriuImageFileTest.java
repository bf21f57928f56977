package paxoschat.warmstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriuImageFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheEntriesOfAnImageAndWritesThemBack() throws IOException {
        // CRIU's magic, the pagemap magic, then entries of 2 and 0 bytes, little endian.
        byte[] bytes = HexFormat.of().parseHex("19435654" + "25400856" + "02000000" + "0801" + "00000000");
        Path file = dir.resolve("pagemap-1.img");
        Files.write(file, bytes);
        CriuImageFile image = CriuImageFile.read(file, CriuImageFile.PAGEMAP_MAGIC);
        assertThat(image.entries()).hasSize(2);
        assertThat(image.entries().get(0)).containsExactly(8, 1);
        Path copy = dir.resolve("copy.img");
        image.write(copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(bytes);
        assertThat(dir.resolve("copy.img.tmp")).doesNotExist();
    }

    @Test
    void refusesAnotherKindOfImageOrATruncatedOne() throws IOException {
        Path file = dir.resolve("mm-1.img");
        new CriuImageFile(CriuImageFile.PAGEMAP_MAGIC, List.of(new byte[] {8, 1})).write(file);
        assertThatThrownBy(() -> CriuImageFile.read(file, CriuImageFile.MM_MAGIC)).isInstanceOf(IOException.class)
                .hasMessageContaining("not 57492820");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 1));
        assertThatThrownBy(() -> CriuImageFile.read(file, CriuImageFile.PAGEMAP_MAGIC)).isInstanceOf(IOException.class)
                .hasMessageContaining("runs past the end");
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> CriuImageFile.read(file, CriuImageFile.PAGEMAP_MAGIC)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a CRIU image");
    }
}
