0 0: before
1 0: pending while only one server is up
