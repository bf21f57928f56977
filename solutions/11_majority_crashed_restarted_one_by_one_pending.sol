0 0: all_up
0 0: all_up
1 1: waiting for quorum
0 0: all_up
1 1: waiting for quorum
2 0: everyone_back
0 0: all_up
1 1: waiting for quorum
2 0: everyone_back
