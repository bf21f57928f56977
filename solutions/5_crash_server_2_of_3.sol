0 0: first
1 1: second
2 0: third
0 0: first
1 1: second
2 0: third
