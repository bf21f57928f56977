0 0: one
1 1: two
2 0: three_after_recovery
0 0: one
1 1: two
2 0: three_after_recovery
