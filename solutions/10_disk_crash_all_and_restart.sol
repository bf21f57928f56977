0 0: before_any_crash
1 1: from_client_1
0 0: before_any_crash
1 1: from_client_1
2 0: after_restarting_all
3 1: with_one_server_back
