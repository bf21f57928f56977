0 0: Hello, world! How are you?
1 1: "double" and 'single' quotes
2 0: back\slash and {json: "like"} [1,2]
3 1: dollar $HOME `cmd` $(x) ; | & > < * ? ~ #
4 0: ünïcödé «français» Grüße
5 1: 日本語のメッセージ 中文 한국어
6 0: emoji 🙂🚀 and ZWJ 👩‍💻
7 1: עברית and العربية mixed RTL
8 0:   two leading spaces
9 1: sendMessage 1 not a command
10 0: percent %s %d %n and 100%
11 1: colon: SEQ SENDER: TEXT
0 0: Hello, world! How are you?
1 1: "double" and 'single' quotes
2 0: back\slash and {json: "like"} [1,2]
3 1: dollar $HOME `cmd` $(x) ; | & > < * ? ~ #
4 0: ünïcödé «français» Grüße
5 1: 日本語のメッセージ 中文 한국어
6 0: emoji 🙂🚀 and ZWJ 👩‍💻
7 1: עברית and العربية mixed RTL
8 0:   two leading spaces
9 1: sendMessage 1 not a command
10 0: percent %s %d %n and 100%
11 1: colon: SEQ SENDER: TEXT
