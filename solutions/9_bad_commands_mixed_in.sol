0 0: good_one
1 1: good_two
0 0: good_one
1 1: good_two
