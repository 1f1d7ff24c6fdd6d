"""The `plan` and `split` commands: split a monolithic module into a package of small modules.

Inside, dependencies point one way: `use_case -> generation -> emit -> plan -> model` (and `classes`,
`patch_targets`, `inputs` beside them); see docs/architecture.md.
"""
