0 0: a
1 1: b_one_up
2 0: c_three_up
0 0: a
1 1: b_one_up
2 0: c_three_up
