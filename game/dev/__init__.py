"""Developer tooling: the benchmark, the screenshot walk and driving the app with posted input.

The game never imports this package while it runs; only the `bench` and `screenshots` commands
and the tests do.
"""
