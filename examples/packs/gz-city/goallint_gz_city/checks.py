"""The gz-city pack's own check functions (family modules may also be a checks/ package)."""

from goallint.api import Problem, check


@check(scope="project", args=("name",))
def check_quantity_indicator_present(project, ctx):
    """A project with output indicators has at least one 数量指标 among them."""
    outputs = [i for i in project.indicators if i.level1 == "产出指标"]
    if outputs and not any(i.level2 == "数量指标" for i in outputs):
        yield Problem(project.name_path, name=project.name)
