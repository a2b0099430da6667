"""The ground floor: services every layer may use and that import no project code above them.

Who is acting in a request (`acting`) and the environment's configuration (`config`). See README, ARCHITECTURE.
"""
