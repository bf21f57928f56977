0 0: six_up
0 0: six_up
1 1: half_is_not_a_majority
