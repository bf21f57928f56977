0 0: both_up
0 0: both_up
1 1: alone_no_majority
