pytest_plugins = ["tests.fakegoogle.pytest_plugin"]
