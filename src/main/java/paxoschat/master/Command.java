package paxoschat.master;

/**
 * One line of a master script (SPEC §1), already checked for syntax. Whether it makes sense
 * now (index in range, server alive, cluster started) is the interpreter's business, because
 * only it knows the cluster's state.
 */
public sealed interface Command {

    record Start(int servers, int clients) implements Command {
    }

    record SendMessage(int client, String text) implements Command {
    }

    record CrashServer(int server) implements Command {
    }

    record RestartServer(int server) implements Command {
    }

    record AllClear() implements Command {
    }

    record TimeBombLeader(int messages) implements Command {
    }

    record PrintChatLog(int client) implements Command {
    }
}
