0 1: first
1 0: second
2 1: third
0 1: first
1 0: second
2 1: third
