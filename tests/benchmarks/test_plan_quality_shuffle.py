"""The benchmark's shuffle of merged modules: a random order that still runs the same."""

from __future__ import annotations

import textwrap

from plan_quality.shuffle import shuffled

SOURCE = textwrap.dedent('''
    """Stacks."""

    import io


    class StackError(Exception):
        pass


    class EmptyStackError(StackError):
        pass


    class Stack:
        def __init__(self):
            self.items = []

        def push(self, item):
            self.items.append(item)

        def pop(self):
            if not self.items:
                raise EmptyStackError()
            return self.items.pop()


    DEFAULT = Stack()


    def make_stack(items):
        stack = Stack()
        for item in items:
            stack.push(item)
        return stack


    def dump(stack):
        out = io.StringIO()
        out.write(repr(stack.items))
        return out.getvalue()
''')


def test_shuffle_keeps_a_module_that_runs_and_defines_the_same_names() -> None:
    orders = set()
    for seed in range(6):
        source = shuffled(SOURCE, "stacks.py", seed)
        before, after = {}, {}
        exec(compile(SOURCE, "stacks.py", "exec"), before)
        exec(compile(source, "stacks.py", "exec"), after)
        assert set(before) == set(after)
        assert after["make_stack"]([1, 2]).pop() == 2
        assert source.index("class StackError") < source.index("class EmptyStackError")  # a base first
        assert source.index("class Stack:") < source.index("DEFAULT = Stack()")  # what runs, after
        orders.add(tuple(line for line in source.splitlines() if line.startswith(("class ", "def "))))
    assert len(orders) > 1  # really shuffled
