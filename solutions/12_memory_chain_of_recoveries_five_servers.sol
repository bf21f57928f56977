0 0: a
1 1: b
2 0: c_decided_by_recovered_servers
0 0: a
1 1: b
2 0: c_decided_by_recovered_servers
