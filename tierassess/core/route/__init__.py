"""The cheapest route to a target verdict: which remediation actions are enough, and why.

``route_for_site`` scores, plans and routes a site; ``find_route`` works on a scorecard and plan
already made; ``tierassess.core.route._solve`` holds the exact integer program.
"""

from tierassess.core.route._build import (
    Requirements,
    find_route,
    marginal_route,
    mark_plan,
    offers,
    plan_with_route,
    requirements,
    requirements_for,
    route_for_site,
    verdict_reached,
    yardstick_of,
)
from tierassess.core.route._model import MarginalRoute, Route, RouteStep
from tierassess.core.route._solve import SOLVER_NAME, Candidate, RouteProblem, Solution, solve

__all__ = [
    "SOLVER_NAME",
    "Candidate",
    "MarginalRoute",
    "Requirements",
    "Route",
    "RouteProblem",
    "RouteStep",
    "Solution",
    "find_route",
    "marginal_route",
    "mark_plan",
    "offers",
    "plan_with_route",
    "requirements",
    "requirements_for",
    "route_for_site",
    "solve",
    "verdict_reached",
    "yardstick_of",
]
