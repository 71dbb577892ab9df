"""The pure core: level model, rules, scoring and seeded chance. Imports nothing but the stdlib,
so tests, the simulator and the command line can drive the game without a window."""
