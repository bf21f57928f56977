0 0: before
1 1: after_two_leaders_gone
0 0: before
1 1: after_two_leaders_gone
