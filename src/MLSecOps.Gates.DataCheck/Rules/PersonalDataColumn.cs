using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT016: Column named for personal data.</summary>
internal static class PersonalDataColumn
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT016",
        "Column named for personal data",
        "A column or field whose name says it holds names, street addresses or dates of birth (`first_name`, `address`, `dob`, ...) has values. Free-text names cannot be validated, so the column name is the evidence.",
        "Drop the column or replace it with synthetic values; record the decision in the data-set card's Personal and Sensitive Information section.",
        Severity.Medium,
        [Threat.DataCompromise],
        ["OWASP-LLM02", "GDPR-Art5"],
        Precision.Medium,
        example: "A CSV header `first_name,last_name,dob` with rows such as `Maria,Lopez,1987-04-12`.");


    private static readonly (string Entity, string[] Names)[] s_columns =
    [
        ("date of birth", ["dob", "date_of_birth", "dateofbirth", "birth_date", "birthdate", "birthday", "date of birth"]),
        ("person name", ["first_name", "firstname", "last_name", "lastname", "surname", "given_name", "family_name", "full_name", "fullname", "customer_name", "patient_name", "person_name", "first name", "last name", "full name"]),
        ("street address", ["address", "street", "street_address", "home_address", "postal_address", "address_line1", "address1", "mailing_address"]),
    ];

    /// <summary>Returns the personal-data entity a column name stands for, or null.</summary>
    public static string? EntityOf(string columnName)
    {
        ArgumentNullException.ThrowIfNull(columnName);
        var name = columnName.Trim().ToLowerInvariant().Replace('-', '_');
        foreach (var (entity, names) in s_columns)
        {
            if (names.Contains(name))
            {
                return entity;
            }
        }

        return null;
    }

    /// <summary>Returns whether a value fits the entity (a date of birth must look like a date; placeholders such as n/a do not count).</summary>
    public static bool IsPlausible(string entity, ReadOnlySpan<char> value)
    {
        if (value is "n/a" or "N/A" or "null" or "NULL" or "-" or "none" or "None" or "unknown")
        {
            return false;
        }

        return entity != "date of birth" || (value.IndexOfAnyInRange('0', '9') >= 0 && value.Length is >= 6 and <= 30);
    }

    /// <summary>Masks the value to its first character.</summary>
    public static string Mask(ReadOnlySpan<char> value) => $"{value[0]}***";
}
