0 0: same
1 0: same
2 1: same
0 0: same
1 0: same
2 1: same
