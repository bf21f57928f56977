0 0: one
1 1: two
2 0: three
3 1: four
0 0: one
1 1: two
2 0: three
3 1: four
