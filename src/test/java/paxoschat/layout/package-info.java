/**
 * Tests of the code's layout itself: package dependencies, the protocol core's purity,
 * package documentation and file sizes.
 */
package paxoschat.layout;
