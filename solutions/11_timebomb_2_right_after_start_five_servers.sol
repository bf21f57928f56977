0 0: first_after_bomb
1 1: second_after_bomb
2 0: third
0 0: first_after_bomb
1 1: second_after_bomb
2 0: third
