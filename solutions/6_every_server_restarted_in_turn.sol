0 0: all_up
1 0: 0_down
2 0: 0_back
3 0: 1_down
4 0: 1_back
5 0: 2_down
6 0: 2_back
