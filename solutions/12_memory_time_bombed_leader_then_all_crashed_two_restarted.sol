0 0: before
0 0: before
