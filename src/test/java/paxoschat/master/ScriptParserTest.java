package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptParserTest {

    private final ScriptParser parser = new ScriptParser();

    @Test
    void parsesEveryCommand() {
        assertThat(parser.parse("start 5 3")).contains(new Command.Start(5, 3));
        assertThat(parser.parse("start 1 0")).contains(new Command.Start(1, 0));
        assertThat(parser.parse("crashServer 2")).contains(new Command.CrashServer(2));
        assertThat(parser.parse("restartServer 0")).contains(new Command.RestartServer(0));
        assertThat(parser.parse("allClear")).contains(new Command.AllClear());
        assertThat(parser.parse("timeBombLeader 7")).contains(new Command.TimeBombLeader(7));
        assertThat(parser.parse("printChatLog 1")).contains(new Command.PrintChatLog(1));
        assertThat(parser.parse("sendMessage 3 hello_3")).contains(new Command.SendMessage(3, "hello_3"));
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheCommand() {
        assertThat(parser.parse("\uFEFFstart 3 2")).contains(new Command.Start(3, 2));
    }

    @Test
    void blankLinesAreNothing() {
        assertThat(parser.parse("")).isEmpty();
        assertThat(parser.parse("   \t ")).isEmpty();
    }

    @Test
    void trailingSpacesAreIgnored() {
        assertThat(parser.parse("printChatLog 0 ")).contains(new Command.PrintChatLog(0));
        assertThat(parser.parse("allClear  \t")).contains(new Command.AllClear());
        assertThat(parser.parse("sendMessage 0 hi there   ")).contains(new Command.SendMessage(0, "hi there"));
    }

    @Test
    void theTextIsEverythingAfterTheIndexAndOneSpace() {
        assertThat(parser.parse("sendMessage 0 a  b\tc")).contains(new Command.SendMessage(0, "a  b\tc"));
        assertThat(parser.parse("sendMessage 0  leading")).contains(new Command.SendMessage(0, " leading"));
        assertThat(parser.parse("sendMessage 1 «ünïcødé» 日本語 🙂 \"q\" 'x' ;|&$"))
                .contains(new Command.SendMessage(1, "«ünïcødé» 日本語 🙂 \"q\" 'x' ;|&$"));
        assertThat(parser.parse("sendMessage 2 sendMessage 3 x")).contains(new Command.SendMessage(2, "sendMessage 3 x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "bogus", "StartX 1 1", "start", "start 3", "start 3 2 1", "start x 2", "start 3 -1", "start 0 2",
        "start 3 2.5", "crashServer", "crashServer a", "crashServer 1 2", "crashServer -1",
        "restartServer", "allClear now", "timeBombLeader", "timeBombLeader -1", "timeBombLeader x",
        "printChatLog", "printChatLog 0 1", "sendMessage", "sendMessage 0", "sendMessage 0 ",
        "sendMessage x hello", "sendMessage -1 hello", "start 99999999999 1", "crashServer +1",
        "SENDMESSAGE 0 x"
    })
    void badLinesThrowWithAMessage(String line) {
        assertThatThrownBy(() -> parser.parse(line))
                .isInstanceOf(BadCommandException.class)
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContain("\n"));
    }

    @Test
    void aValidLineIsNeverEmpty() {
        assertThat(parser.parse("allClear")).isNotEqualTo(Optional.empty());
    }
}
