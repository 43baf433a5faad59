from jinja2 import Environment


def environment(**options) -> Environment:
    return Environment(**options)
