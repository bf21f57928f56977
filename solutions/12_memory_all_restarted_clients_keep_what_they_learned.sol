0 0: learned_before
0 0: learned_before
