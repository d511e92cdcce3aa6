"""Long briefs, as firms and restaurants with a lot to say write them: several practice
groups, partner profiles, a full menu, a season of events. Sites of several pages."""

from __future__ import annotations

from .briefs import Brief

LONG: list[Brief] = [
    Brief(
        id="harrow-whitfield",
        format="docx",
        prompt="Website for our firm. It should feel established and serious, navy and grey.",
        site_type="professional_firm",
        business_name="Harrow Whitfield LLP",
        email="enquiries@harrowwhitfield.co.uk",
        phones=("+442079460321", "+441612340987"),
        addresses=(
            "40 Gresham Street, London EC2V 7BB",
            "12 King Street, Manchester M2 6AG",
        ),
        headings=(
            "About the firm",
            "Contact",
            "Practice areas",
            "Our partners",
        ),
        directives=("colours:navy,grey",),
        blocks=(
            "# Harrow Whitfield LLP",
            "## About the firm",
            "Harrow Whitfield is a full-service commercial law firm with offices in London and "
            "Manchester. Founded in 1987 by Elizabeth Harrow and David Whitfield, the firm now "
            "has 14 partners and more than 120 lawyers and staff. We act for listed companies, "
            "owner-managed businesses, lenders, public bodies and private individuals, and we "
            "are known for straightforward advice, partners who stay involved in the work, and "
            "fees agreed up front.",
            "We are ranked in the legal directories for corporate, employment and real estate "
            "work, and we hold the Lexcel practice management standard. Most of our clients "
            "have been with us for more than ten years.",
            "## Practice areas",
            "### Corporate and commercial",
            "Mergers and acquisitions, private equity, joint ventures, shareholder agreements "
            "and company secretarial work. We advise on deals from two million to several "
            "hundred million pounds, on both the buy side and the sell side, and we look after "
            "the day-to-day commercial contracts that keep a business running.",
            "### Employment",
            "Contracts and handbooks, restructuring and redundancy, TUPE transfers, senior "
            "executive exits, discrimination claims and employment tribunal representation. "
            "We also run training for managers on handling grievances and disciplinary matters "
            "fairly, and we act for a number of senior executives on their own terms.",
            "### Real estate",
            "Acquisitions and disposals of commercial property, landlord and tenant work, "
            "development and planning agreements, and secured lending. Our team acts for "
            "investors, developers, occupiers and several regional housing associations across "
            "the North West and London.",
            "### Dispute resolution",
            "Commercial litigation in the High Court, arbitration, mediation and debt recovery. "
            "We try to settle disputes early where that serves the client, and we are ready to "
            "take them to trial where it does not. Our litigators handle contract, shareholder, "
            "professional negligence and property disputes.",
            "### Private client",
            "Wills, lasting powers of attorney, trusts, estate administration and tax planning "
            "for business owners and their families, including succession planning for family "
            "companies and advice on agricultural and business property relief.",
            "## Our partners",
            "### Elizabeth Harrow, Senior Partner",
            "Elizabeth co-founded the firm in 1987 and leads the corporate and commercial "
            "group. She has advised on more than 300 acquisitions and sits on the board of a "
            "regional enterprise charity. Qualified 1981, Oxford and the College of Law.",
            "### David Whitfield, Partner",
            "David co-founded the firm and heads real estate. He acts for developers and "
            "housing associations and is a former chair of the Manchester Law Society's "
            "property committee. Qualified 1983.",
            "### Amara Osei, Managing Partner",
            "Amara leads the employment group and has been managing partner since 2019. She is "
            "a member of the Employment Lawyers Association and writes a monthly column on "
            "workplace law for a regional business paper. Qualified 2004.",
            "### Thomas Reilly, Partner",
            "Thomas heads dispute resolution. He holds higher rights of audience and has "
            "conducted trials in the High Court and the Court of Appeal. Qualified 2006.",
            "### Helen Cho, Partner",
            "Helen leads private client work and is a full member of the Society of Trust and "
            "Estate Practitioners (STEP). She advises families who own businesses and farms. "
            "Qualified 2009.",
            "## Contact",
            "London: 40 Gresham Street, London EC2V 7BB. Telephone 020 7946 0321.",
            "Manchester: 12 King Street, Manchester M2 6AG. Telephone 0161 234 0987.",
            "Email enquiries@harrowwhitfield.co.uk",
        ),
    ),
]
