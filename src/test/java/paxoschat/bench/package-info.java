/**
 * Benchmarks and long runs behind the scripts in {@code bench/}: catch-up of a server far
 * behind ({@code bench/catchup}), the write-ahead log's sync ({@code bench/fsync}) and
 * random course scripts judged by invariants ({@code bench/random-scripts}). Each has a
 * {@code main} and prints figures or failures; none asserts a time.
 *
 * <p>In the test source set, so that nothing here ships in the server jar. May depend on
 * anything in the project and its test classes; nothing in {@code src/main} depends on it.
 */
package paxoschat.bench;
