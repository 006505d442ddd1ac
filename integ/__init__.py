"""integ: Integrationskonzepte als YAML in git prüfen, vergleichen, überprüfen und setzen."""

__version__ = "0.1.0"
