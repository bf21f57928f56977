0 0: text with trailing spaces
1 1: trailing tabs
0 0: text with trailing spaces
1 1: trailing tabs
