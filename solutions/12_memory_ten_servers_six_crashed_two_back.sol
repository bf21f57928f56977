0 0: ten_up
0 0: ten_up
