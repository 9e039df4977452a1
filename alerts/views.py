"""Pages of the alerts app: ordering an alert, confirming it (double opt-in) and unsubscribing.

Thin: the state changes are in `services`.
"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from opendata.problems import ProblemError

from . import services
from .forms import SubscribeForm


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscribe(
                email=form.cleaned_data["email"], scope=form.cleaned_data["scope"], target=form.cleaned_data["target"]
            )
        except ProblemError as exc:
            form.add_error("target", exc.detail)
        else:
            return render(request, "alerts/subscription.html", {"state": "requested"})
    return render(request, "alerts/subscribe.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    # GET only shows a button: mail scanners that follow links must not confirm on someone's behalf.
    try:
        if request.method == "POST":
            subscription = services.confirm(token)
            return render(request, "alerts/subscription.html", {"state": "confirmed", "subscription": subscription})
        subscription = services.subscription_for_confirmation(token)
    except services.SubscriptionError as exc:
        return render(request, "alerts/subscription.html", {"state": "error", "message": str(exc)}, status=400)
    return render(request, "alerts/subscription.html", {"state": "confirm", "subscription": subscription})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a session; the signed token authorises
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        if request.method == "POST":
            subscription = services.unsubscribe(token)
            return render(request, "alerts/subscription.html", {"state": "unsubscribed", "subscription": subscription})
        subscription = services.subscription_for_unsubscribe(token)
    except services.SubscriptionError as exc:
        return render(request, "alerts/subscription.html", {"state": "error", "message": str(exc)}, status=400)
    return render(request, "alerts/subscription.html", {"state": "unsubscribe", "subscription": subscription})
