"""Bring the leaders and roles added to the shipped gazetteer after it was seeded into archives seeded before: the heads of state and government of 1945-2015 that a year-by-year check found missing (India's presidents of 1967-82, Turkey's prime ministers of 1972-74 and 1980-83, the Soviet heads of state, ...), Brezhnev's first chairmanship of the Presidium and Sassou Nguesso's first presidency."""

from django.db import migrations

ADDED_LEADERS = (
    "Café Filho", "Carlos Luz", "Nereu Ramos", "Zakir Husain", "Mohammad Hidayatullah", "V. V. Giri",
    "Fakhruddin Ali Ahmed", "B. D. Jatti", "Neelam Sanjiva Reddy", "Marais Viljoen", "Ferit Melen", "Naim Talu",
    "Bülent Ulusu", "Horst Sindermann", "Nikolai Shvernik", "Kliment Voroshilov", "Anastas Mikoyan", "Nikolai Podgorny",
)
LEADERS_WITH_ADDED_ROLES = ("Leonid Brezhnev", "Denis Sassou Nguesso")


def add_leaders_and_roles(apps, schema_editor):
    from articles.entities.tables import add_shipped_leaders

    add_shipped_leaders(apps, names=ADDED_LEADERS, names_with_roles=LEADERS_WITH_ADDED_ROLES)


class Migration(migrations.Migration):
    dependencies = [("articles", "0027_leader_role_days")]
    # Not reversed: the leaders and roles stay, as ones an admin added would.
    operations = [migrations.RunPython(add_leaders_and_roles, migrations.RunPython.noop)]
