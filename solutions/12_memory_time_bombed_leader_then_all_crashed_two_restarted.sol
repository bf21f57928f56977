0 0: before
1 1: decided_by_the_two_left
0 0: before
1 1: decided_by_the_two_left
