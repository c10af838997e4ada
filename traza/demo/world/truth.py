"""What the world planted for intelligence to find, kept so a test can check that it was found.

Straw buyers (alone or in rings), the households whose relatives look alike but are different people,
the dealer that served the straw buyers, and every purchase record naming a followed person. None of
it is written to the FORMATS files: people resolution and the leads have to find it from the records.
"""

from dataclasses import dataclass, field

from traza.demo.world.people import Person


@dataclass
class Truth:
    """Who is who behind the records. Persons are known by their `uid` (people.Person)."""

    #: The buyers of each straw-purchase ring (two or more each).
    rings: list[list[int]] = field(default_factory=list)
    #: Every straw buyer: ring members and those who bought alone.
    straw: list[int] = field(default_factory=list)
    #: People who share a name or an address and are not one person: junior and senior, siblings, namesakes.
    households: list[list[int]] = field(default_factory=list)
    #: The RDS key of the dealer that sold to the straw buyers far more than its peers.
    dealer: str = ""
    #: (licensee RDS, transaction_ref) of each purchase record that names a followed person → their uid.
    purchases: dict[tuple[str, str], int] = field(default_factory=dict)
    #: (serial, make) of the guns the demo investigator flags as suspect: every gun one straw buyer bought.
    suspects: list[tuple[str, str]] = field(default_factory=list)
    last_uid: int = 0

    def follow(self, someone: Person) -> Person:
        """Give `someone` a uid: from now on every purchase naming them is recorded here."""
        self.last_uid += 1
        someone.uid = self.last_uid
        return someone

    def purchase(self, someone: Person, rds: str, ref: str) -> None:
        if someone.uid:
            self.purchases[(rds, ref)] = someone.uid
