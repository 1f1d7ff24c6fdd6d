"""A module whose two registrations share a key (`ClassKind` and `TypeKind` are both `type`), as dill's
`@register(ClassType)` and `@register(TypeType)` do: the one that runs last wins."""

REGISTRATIONS = '''_HANDLERS = {}


def register(kind):
    def decorator(function):
        _HANDLERS[kind] = function
        return function
    return decorator


ClassKind = type
TypeKind = type


@register(ClassKind)
def describe_class(value):
    return repr(value)


@register(TypeKind)
def describe_type(value):
    return describe_class(value)
'''
