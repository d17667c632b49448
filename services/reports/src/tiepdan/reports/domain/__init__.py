"""The reports domain: counting rules of the province's forms and report periods, pure Python.

Basis: TT 06/2025/TT-TTCP (reporting periods, cut-off windows) with the forms of TT 01/2024 (Biểu 01/TCD, 02/XLD).
"""
