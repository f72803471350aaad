"""Commands with more to do than parse and print: each in its own module, called by cli.py."""
