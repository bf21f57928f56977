0 0: # not a comment
1 1: -- not an option
2 2: key: value: more
3 0: "quoted" and 'single' and `back`
4 1: same text
5 2: same text
6 0: same text
7 1: #hashtag -- --storage=memory
8 2: 0 1: looks like a log line
9 0: ##
10 1: :
11 2: --
0 0: # not a comment
1 1: -- not an option
2 2: key: value: more
3 0: "quoted" and 'single' and `back`
4 1: same text
5 2: same text
6 0: same text
7 1: #hashtag -- --storage=memory
8 2: 0 1: looks like a log line
9 0: ##
10 1: :
11 2: --
0 0: # not a comment
1 1: -- not an option
2 2: key: value: more
3 0: "quoted" and 'single' and `back`
4 1: same text
5 2: same text
6 0: same text
7 1: #hashtag -- --storage=memory
8 2: 0 1: looks like a log line
9 0: ##
10 1: :
11 2: --
