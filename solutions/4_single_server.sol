0 0: alone
1 1: together
2 0: again
0 0: alone
1 1: together
2 0: again
