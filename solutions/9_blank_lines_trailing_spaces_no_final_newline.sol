0 0: spaced out
1 1: last
0 0: spaced out
1 1: last
