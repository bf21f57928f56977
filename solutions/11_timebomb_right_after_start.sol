0 0: after_bomb_at_start
1 1: second
0 0: after_bomb_at_start
1 1: second
