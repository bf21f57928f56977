0 0: before
1 1: right_after
2 0: then_me
0 0: before
1 1: right_after
2 0: then_me
