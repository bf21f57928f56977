0 0: first
0 0: first
1 1: sent_to_the_survivor
2 0: without_the_survivor
0 0: first
1 1: sent_to_the_survivor
2 0: without_the_survivor
