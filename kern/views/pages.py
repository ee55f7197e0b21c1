from django.shortcuts import render


def accessibility(request):
    return render(request, "kern/accessibility.html")
