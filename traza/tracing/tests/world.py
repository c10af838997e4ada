"""A small, readable world of licensees and records for engine tests.

Licence numbers are written the way licensees write them; the makers are real catalog makes
(Ruger's primary licence, Smith & Wesson's, Century Arms as importer).
"""

RUGER = "1-56-157-07-6K-15352"
SMITH = "5-43-510-07-6C-15017"
CENTURY = "6-03-011-08-7D-33217"
WHOLESALER = "5-74-029-01-7A-01001"
DEALER = "5-74-141-01-8G-06336"
DEALER_AZ = "9-86-013-01-7B-02002"
PAPER_DEALER = "9-86-019-01-7E-03003"
CLOSED_DEALER = "9-86-019-01-5E-04004"
PAPER_WHOLESALER = "5-74-029-01-7A-05005"

LICENSEE_NAMES = {
    RUGER: ("STURM, RUGER & COMPANY, INC", "NC", "07"),
    SMITH: ("SMITH & WESSON SALES COMPANY", "MO", "07"),
    CENTURY: ("CENTURY INTERNATIONAL ARMS INC", "VT", "08"),
    WHOLESALER: ("LONE STAR DISTRIBUTORS LLC", "TX", "01"),
    DEALER: ("BORDER GUNS AND PAWN", "TX", "01"),
    DEALER_AZ: ("DESERT SPORTING GOODS", "AZ", "01"),
    PAPER_DEALER: ("OLD PUEBLO FIREARMS", "AZ", "01"),
    CLOSED_DEALER: ("SAGUARO GUN SHOP", "AZ", "01"),
    PAPER_WHOLESALER: ("HILL COUNTRY WHOLESALE", "TX", "01"),
}
PAPER = {PAPER_DEALER, PAPER_WHOLESALER}


def licensee_rows(*, electronic: set[str] | None = None, closed: set[str] = frozenset({CLOSED_DEALER})) -> list[dict]:
    rows = []
    for number, (name, state, lic_type) in LICENSEE_NAMES.items():
        region, district, county, _type, expiry, sequence = number.split("-")
        on_file = number not in PAPER if electronic is None else number in electronic
        rows.append(
            {
                "LIC_REGN": region,
                "LIC_DIST": district,
                "LIC_CNTY": county,
                "LIC_TYPE": lic_type,
                "LIC_XPRDTE": expiry,
                "LIC_SEQN": sequence,
                "LICENSE_NAME": name,
                "PREMISE_STATE": state,
                "STATUS": "out_of_business" if number in closed else "active",
                "OUT_OF_BUSINESS_DATE": "2021-06-30" if number in closed else "",
                "ELECTRONIC_RECORDS": "Y" if on_file else "N",
            }
        )
    return rows


def rds(number: str) -> str:
    parts = number.split("-")
    return parts[0] + parts[1] + parts[5]


def chain(
    serial: str,
    manufacturer: str,
    hops: list[tuple[str, str]],
    *,
    made: str = "2021-01-10",
    step_days: int = 30,
    ending: str = "sale",
    ref: str = "",
    caliber: str = "9MM",
    model: str = "",
    importer: str = "",
    country_of_origin: str = "",
) -> list[dict]:
    """A&D rows for one gun passing through `hops` (licence, name); the last one ends with `ending`."""
    from datetime import date, timedelta

    day = date.fromisoformat(made)
    rows = []
    for index, (licence, _name) in enumerate(hops):
        following = hops[index + 1] if index + 1 < len(hops) else None
        previous = hops[index - 1] if index else None
        out = day + timedelta(days=step_days)
        rows.append(
            {
                "record_id": f"{serial}-{index}",
                "record_keeper_license": licence,
                "serial_number": serial,
                "manufacturer": manufacturer,
                "importer": importer,
                "model": model,
                "caliber": caliber,
                "firearm_type": "pistol",
                "country_of_origin": country_of_origin,
                "acquisition_date": day.isoformat(),
                "acquired_from_license": previous[0] if previous else "",
                "acquired_from_name": previous[1] if previous else "",
                "disposition_date": out.isoformat() if (following or ending) else "",
                "disposition_type": "sale" if following else ending,
                "disposed_to_license": following[0] if following else "",
                "disposed_to_name": following[1] if following else "",
                "transaction_ref": ref if not following else "",
            }
        )
        day = out
    return rows


def purchase(
    licence: str, ref: str, last: str, first: str, *, on: str = "2021-03-11", born: str = "1990-04-02"
) -> dict:
    return {
        "transaction_ref": ref,
        "licensee": licence,
        "transaction_date": on,
        "last_name": last,
        "first_name": first,
        "date_of_birth": born,
        "state": "TX",
    }
