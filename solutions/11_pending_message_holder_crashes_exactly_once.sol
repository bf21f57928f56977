0 0: a
1 0: held_by_server_0
0 0: a
1 0: held_by_server_0
2 1: after_all_back
