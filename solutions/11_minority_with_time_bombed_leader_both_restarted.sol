0 0: before
1 1: waiting
2 0: after
0 0: before
1 1: waiting
2 0: after
